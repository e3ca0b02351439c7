# Binary classification: a linear model with BCEWithLogitsLoss, sigmoid probabilities, a 0.5 threshold,
# accuracy, and the learned weights; then the same with Sigmoid + BCELoss.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(2)
x = rng.normal(size=(50, 2)).astype(np.float32)
labels = ((x[:, 0] - 0.5 * x[:, 1]) > 0.1).astype(np.float32)
X, Y = torch.from_numpy(x), torch.from_numpy(labels).unsqueeze(1)
model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.zero_()
    model.bias.zero_()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(40):
    logits = model(X)
    loss = criterion(logits, Y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        with torch.no_grad():
            predicted = (torch.sigmoid(model(X)) > 0.5).float()
            acc = (predicted == Y).float().mean().item()
        print(f"epoch {epoch + 1}: loss {loss.item():.5f} accuracy {acc:.3f}")
print(model.weight.data, model.bias.data)
probs = torch.sigmoid(model(X[:5])).detach()
print(probs.squeeze(), (probs > 0.5).long().squeeze().tolist(), Y[:5].squeeze().tolist())

seq = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
with torch.no_grad():
    seq[0].weight.copy_(model.weight)
    seq[0].bias.copy_(model.bias)
print(nn.BCELoss()(seq(X), Y).item(), criterion(model(X), Y).item())
print(nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))(model(X), Y).item())
