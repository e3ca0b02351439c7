# A REINFORCE step as in the policy-gradient tutorials: Categorical over a small policy's logits,
# log_prob of the chosen actions times the returns, entropy bonus, gradients of the policy's weights.
import torch
import torch.nn as nn
from torch.distributions import Categorical

policy = nn.Linear(4, 3)
with torch.no_grad():
    policy.weight.copy_(torch.tensor([[0.2, -0.1, 0.4, 0.0], [-0.3, 0.5, 0.1, 0.2], [0.0, 0.1, -0.2, 0.3]]))
    policy.bias.copy_(torch.tensor([0.1, 0.0, -0.1]))
states = torch.tensor([[1.0, 0.5, -0.5, 2.0], [0.0, -1.0, 1.0, 0.5], [0.3, 0.3, 0.3, 0.3]])
actions = torch.tensor([2, 0, 1])
returns = torch.tensor([1.5, -0.5, 0.25])
dist = Categorical(logits=policy(states))
log_probs = dist.log_prob(actions)
entropy = dist.entropy()
loss = -(log_probs * returns).mean() - 0.01 * entropy.mean()
loss.backward()
print([round(v, 5) for v in log_probs.tolist()])
print([round(v, 5) for v in entropy.tolist()])
print(round(loss.item(), 5))
print([[round(v, 5) for v in row] for row in policy.weight.grad.tolist()])
print([round(v, 5) for v in dist.probs.sum(-1).tolist()], dist.batch_shape, dist.event_shape)
torch.manual_seed(0)
sampled = dist.sample()
print(sampled.shape, sampled.dtype, bool(((sampled >= 0) & (sampled < 3)).all()))
print(Categorical(probs=torch.tensor([0.2, 0.3, 0.5])).sample((6,)).shape)
