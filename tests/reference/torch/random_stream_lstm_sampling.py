# A character-level LSTM as tutorials write it (embedding, LSTM, linear head), default-initialised after
# manual_seed; next characters sampled with torch.multinomial (with replacement), a training step between.
import torch
import torch.nn as nn

torch.manual_seed(3)
vocab, hidden = 12, 16


class CharModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(vocab, 8)
        self.lstm = nn.LSTM(8, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, idx, state=None):
        out, state = self.lstm(self.embed(idx), state)
        return self.head(out), state


model = CharModel()
text = torch.randint(0, vocab, (4, 20))
logits, _ = model(text[:, :-1])
loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), text[:, 1:].reshape(-1))
print("initial loss", round(loss.item(), 5))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _step in range(3):
    optimizer.zero_grad()
    logits, _ = model(text[:, :-1])
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), text[:, 1:].reshape(-1))
    loss.backward()
    optimizer.step()
print("trained loss", round(loss.item(), 5))
with torch.no_grad():
    logits, state = model(torch.tensor([[1, 2, 3]]))
    probs = torch.softmax(logits[0, -1], dim=0)
    print("top next", probs.argmax().item(), "sampled", torch.multinomial(probs, 8, replacement=True).tolist())
