"""Real servers on loopback for what lies outside MAICE: an OpenAI-compatible LLM vendor,
an OpenID Connect provider (Google) and an SMTP server."""
