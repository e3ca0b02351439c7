# Bad optimizer arguments raise torch's exception classes.
import torch

w = torch.tensor([1.0], requires_grad=True)
for make in [lambda: torch.optim.SGD([], lr=0.1),
             lambda: torch.optim.SGD([w], lr=-0.1),
             lambda: torch.optim.SGD([w], lr=0.1, nesterov=True),
             lambda: torch.optim.Adam([w], betas=(1.5, 0.9)),
             lambda: torch.optim.SGD(w, lr=0.1),
             lambda: torch.optim.SGD([{"params": [w]}, {"params": [w]}], lr=0.1)]:
    try:
        make()
        print("no error")
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__)
