from maice.cli import main

main()
