"""The course's conventions as layer arguments, shared by the course experiments."""

from __future__ import annotations

from typing import Any

from ligero import regularizers


def course_l2(lam: float) -> dict[str, Any]:
    """Layer arguments for the course's L2 penalty ``λ/2·ΣW²`` on every weight, biases included
    (the course's augmented ``W``): ``Dense(..., **course_l2(0.01))``. None when ``lam`` is 0."""
    if not lam:
        return {}
    return {"kernel_regularizer": regularizers.CourseL2(lam), "bias_regularizer": regularizers.CourseL2(lam)}
