"""``model.summary()``: layers, output shapes and parameter counts as a text table."""

from __future__ import annotations

from typing import Any


def _count(module: Any) -> tuple[int, int]:
    params = module.parameters()
    trainable = sum(p.array.size for p in params if p.requires_grad)
    return trainable, sum(p.array.size for p in params) - trainable


def summary(model: Any) -> str:
    """The table Keras prints: one row per layer, then the totals."""
    rows = [("Layer (type)", "Output Shape", "Param #")]
    layers = getattr(model, "layers", None)
    if model._graph is not None and model.summary_lists_inputs:
        for node in model._graph.inputs:
            rows.append((f"{node.layer.name} (InputLayer)", str(node.shape), "0"))
    if layers:
        for layer in layers:
            shape = (None, *layer.output_shape) if getattr(layer, "output_shape", None) is not None else "?"
            trainable, frozen = _count(layer)
            rows.append((f"{layer.name} ({type(layer).__name__})", str(shape), f"{trainable + frozen:,}"))
    else:
        for name, child in model.named_children():
            trainable, frozen = _count(child)
            rows.append((f"{name} ({type(child).__name__})", "?", f"{trainable + frozen:,}"))
    widths = [max(len(r[i]) for r in rows) + 2 for i in range(3)]
    line = "─" * sum(widths)
    out = [f'Model: "{model.name}"', line]
    for i, row in enumerate(rows):
        out.append("".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        out.append("═" * sum(widths) if i == 0 else line if i == len(rows) - 1 else "")
    trainable, frozen = _count(model)
    out += [
        f"Total params: {trainable + frozen:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {frozen:,}",
    ]
    return "\n".join(x for x in out if x != "")
