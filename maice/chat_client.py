"""`maice chat`: a terminal client that logs in and streams one answer."""

from __future__ import annotations

import json
import sys

import httpx

CLASSIFICATION_LABELS = {
    "K1": "factual",
    "K2": "conceptual",
    "K3": "procedural",
    "K4": "problem solving",
}


def run_chat(url: str, email: str, password: str, question: str, session_id: int | None) -> int:
    """Ask ``question`` and print the answer as it streams; returns the exit code."""
    base = url.rstrip("/") + "/api/v1"
    with httpx.Client(base_url=base, timeout=httpx.Timeout(10, read=120)) as client:
        try:
            login = client.post("/auth/login", json={"email": email, "password": password})
        except httpx.HTTPError as error:
            print(f"cannot reach MAICE at {url}: {error}", file=sys.stderr)
            return 2
        if login.status_code != 200:
            print(f"login failed: {_detail(login)}", file=sys.stderr)
            return 1
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        body: dict[str, object] = {"question": question}
        if session_id is not None:
            body["session_id"] = session_id
        try:
            with client.stream(
                "POST", "/maice/chat/streaming", json=body, headers=headers
            ) as response:
                if response.status_code != 200:
                    response.read()
                    print(f"error {response.status_code}: {_detail(response)}", file=sys.stderr)
                    return 1
                return _print_stream(response)
        except httpx.HTTPError as error:
            print(f"\nlost the connection to MAICE: {error}", file=sys.stderr)
            return 2


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text


def _print_stream(response: httpx.Response) -> int:
    event_type = ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            event_type = line[len("event: ") :]
            continue
        if not line.startswith("data: "):
            continue
        data = json.loads(line[len("data: ") :])
        if event_type == "classification":
            label = CLASSIFICATION_LABELS.get(data["knowledge_type"], "")
            print(f"[{data['knowledge_type']} {label} · {data['gate']}]", file=sys.stderr)
        elif event_type == "token":
            print(data["text"], end="", flush=True)
        elif event_type == "reset":
            print("\n[restarting the answer]", file=sys.stderr)
        elif event_type == "clarification":
            print(data["text"])
        elif event_type == "done":
            print(
                f"\n[session {data['session_id']} · message {data['message_id']}]", file=sys.stderr
            )
            return 0
        elif event_type == "error":
            print(f"\nerror: {data['message']}", file=sys.stderr)
            return 1
    print("\nthe stream ended early", file=sys.stderr)
    return 1
