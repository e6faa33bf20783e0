"""The LLM generator: huggingface_hub InferenceClient (HF Inference Providers or an OpenAI-compatible server).

Every failure falls back to the extractive handoff with a note naming the failure. The user's HF token is
only ever handed to huggingface_hub for Hugging Face endpoints; a base_url server gets the configured
api_key or the dummy "no-key". Neither is stored, printed or logged.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from mso_tui.config import LLMSettings
from mso_tui.handoff import metrics, render
from mso_tui.handoff.contract import SECTION_ORDER, GeneratedHandoff, HandoffInput
from mso_tui.handoff.extractive import budget_for
from mso_tui.handoff.extractive import generate as extractive_generate
from mso_tui.handoff.extractive.carry import as_items
from mso_tui.handoff.llm_prompt import build_messages
from mso_tui.handoff.redaction import redact_text, redact_tree

MIN_CHARS = 200  # shorter output cannot hold nine sections: treated as a failure
NO_KEY = "no-key"  # sent to base_url servers without a configured key, so huggingface_hub never adds the HF token
_TOKENISH = re.compile(r"\bhf_[A-Za-z0-9]{6,}")
_REASONS = {401: "unauthorized", 403: "forbidden", 404: "model or endpoint not found", 429: "rate limited"}


class LLMFailure(Exception):
    """A failure already described for the user."""


def describe_failure(exc: BaseException, timeout: float) -> str:
    """One line naming the failure: HTTP status, timeout, refused connection, or the exception class."""
    if isinstance(exc, LLMFailure):
        return str(exc)
    name = type(exc).__name__
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        reason = _REASONS.get(status, "server error" if status >= 500 else "HTTP error")
        return f"HTTP {status} ({reason})"
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return f"timeout after {timeout:g}s ({name})"
    if "Connect" in name or isinstance(exc, ConnectionError):
        return f"connection failed ({name}): {clip_message(exc)}"
    if "TextGeneration" in name or "Error" in name and "stream" in str(exc).lower():
        return f"error event from the server ({name}): {clip_message(exc)}"
    return f"{name}: {clip_message(exc)}"


def clip_message(exc: BaseException) -> str:
    """The exception's message, redacted, on one line, short."""
    text = _TOKENISH.sub("hf_***", redact_text(" ".join(str(exc).split())))
    return text[:200]


def _client(settings: LLMSettings) -> Any:
    """An InferenceClient for the configured endpoint (huggingface_hub is imported only here)."""
    from huggingface_hub import InferenceClient

    if settings.base_url:
        return InferenceClient(base_url=settings.base_url, api_key=settings.api_key or NO_KEY, timeout=settings.timeout)
    # any provider name the user configured: huggingface_hub itself says when it knows no such provider
    return InferenceClient(provider=settings.provider or None, timeout=settings.timeout)  # type: ignore[arg-type]


def _complete(settings: LLMSettings, messages: list[dict[str, str]], on_text: Callable[[str], None] | None) -> str:
    """Run the chat completion, streaming pieces to on_text when streaming."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        raise LLMFailure("huggingface_hub offline mode (HF_HUB_OFFLINE is set)")
    client = _client(settings)
    kwargs = dict(model=settings.model, max_tokens=settings.max_tokens, temperature=0.0)
    if not settings.stream:
        out = client.chat_completion(messages, stream=False, **kwargs)
        text = (out.choices[0].message.content or "") if out.choices else ""
        if on_text and text:
            on_text(text)
        return text
    pieces: list[str] = []
    for chunk in client.chat_completion(messages, stream=True, **kwargs):
        delta = chunk.choices[0].delta.content if chunk.choices else None
        if delta:
            pieces.append(delta)
            if on_text:
                on_text(delta)
    return "".join(pieces)


def add_back(text: str, items: list[dict[str, Any]], sections: dict[str, Any] | None = None,
             budget: int = 0) -> tuple[str, list[dict[str, Any]]]:
    """Append the draft's items the model dropped while the text stays within budget tokens (the draft's order:
    most needed first), then every key item the model dropped that those lines do not already carry; returns
    the text and the key items added back."""
    marked, _ = metrics.score_coverage(items, text)
    dropped = [i for i in marked if not i["kept"]]
    have = " ".join(text.lower().split())
    lines: list[str] = []
    spent = metrics.estimate_tokens(text)
    for key in SECTION_ORDER:
        for item in as_items((sections or {}).get(key)):
            line = f"- {item.strip()}" if not item.startswith(("  ", "> ")) else item
            cost = metrics.estimate_tokens(line)
            if " ".join(item.lower().split()) in have or line in lines or spent + cost > budget:
                continue
            lines.append(line)
            spent += cost
    added = " ".join(" ".join(lines).lower().split())
    lines += [f"- {i['kind'].replace('_', ' ')}: {i['text']}" for i in dropped
              if " ".join(str(i["text"]).lower().split()) not in added]
    if lines:
        text = text.rstrip() + "\n\n## Key items added back from the extractive draft\n" + "\n".join(lines) + "\n"
    return text, dropped


def generate(inp: HandoffInput, settings: LLMSettings, on_text: Callable[[str], None] | None = None,
             on_status: Callable[[str], None] | None = None) -> GeneratedHandoff:
    """The LLM handoff, or the extractive one with a note saying why the LLM path failed."""
    draft = extractive_generate(inp)
    status = on_status or (lambda _m: None)
    if not settings.model:
        return replace(draft, notes="LLM fallback: no model configured; extractive handoff used")
    try:
        messages, redacted = build_messages(draft.master_prompt, inp.turns, settings.prompt_budget)
        status(f"redacted {redacted} secret(s) before sending" if redacted else "no secrets found in the prompt")
        status(f"asking {settings.model}")
        text = _complete(settings, messages, on_text)
        if len(text.strip()) < MIN_CHARS:
            raise LLMFailure(f"output empty or too short ({len(text.strip())} characters)")
    except Exception as exc:  # every failure falls back; the note names it
        reason = describe_failure(exc, settings.timeout)
        status(f"fallback: {reason}")
        return replace(draft, notes=f"LLM fallback ({settings.model}): {reason}; extractive handoff used")
    # what is added back is bounded by the extractive budget: the model's text plus at most the draft again
    model_text = text.strip() + "\n"
    budget = metrics.estimate_tokens(model_text) + max(budget_for(draft.tokens_in), draft.tokens_out)
    body, dropped = add_back(model_text, draft.key_items, draft.sections, budget)
    body = redact_text(body)  # last, on the final text: the items added back quote the transcript too
    tokens_out = metrics.estimate_tokens(body)
    ratio = metrics.compression_ratio(draft.tokens_in, tokens_out)
    marked, coverage = metrics.score_coverage(draft.key_items, body)
    kind = "hybrid" if dropped else "llm"
    final = body + render.footer(kind, settings.model, metrics.TOKENIZER, draft.tokens_in, tokens_out, ratio)
    notes = f"added back {len(dropped)} key items the model dropped" if dropped else ""
    status("done")
    # the structured sections stay the draft's: carry-forward must not depend on parsing model prose
    return replace(draft, kind=kind, master_prompt=final, key_items=redact_tree(marked), generator_model=settings.model,
                   tokens_out=tokens_out, compression_ratio=ratio, coverage=coverage, notes=notes)
