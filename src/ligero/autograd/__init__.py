"""torch.autograd's face: ``grad``, ``backward``, ``Function`` and the grad-mode switches.

The engine is :func:`ligero.tensor.run_backward`; this package only adapts its arguments.
"""

from ligero.autograd.anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from ligero.autograd.function import Function, FunctionCtx
from ligero.autograd.functional import backward, grad
from ligero.tensor import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

__all__ = [
    "Function", "FunctionCtx", "backward", "detect_anomaly", "enable_grad", "grad", "inference_mode",
    "is_anomaly_enabled", "is_grad_enabled", "no_grad", "set_detect_anomaly", "set_grad_enabled",
]
