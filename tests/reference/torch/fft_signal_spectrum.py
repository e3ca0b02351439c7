# torch.fft on a signal: the spectrum of two sines, their peak frequencies, a low-pass filter by
# zeroing bins, a spectral loss fitted by gradient descent through rfft/irfft, and complex printing.
import math

import numpy as np
import torch

fs, n = 64.0, 128
t = torch.arange(n) / fs
signal = torch.sin(2 * math.pi * 5.0 * t) + 0.5 * torch.sin(2 * math.pi * 12.0 * t)
noise = torch.tensor(np.random.default_rng(0).normal(scale=0.2, size=n).astype(np.float32))
x = signal + noise

spectrum = torch.fft.rfft(x)
freqs = torch.fft.rfftfreq(n, d=1 / fs)
power = spectrum.abs() ** 2
top = torch.topk(power, 2).indices
print(spectrum.shape, spectrum.dtype, freqs[:6])
print("peaks at", sorted(freqs[top].tolist()))
print(spectrum[:4])

low = spectrum.clone()
low[freqs > 8.0] = 0
smooth = torch.fft.irfft(low, n=n)
print(smooth.shape, smooth.dtype, round((smooth - torch.sin(2 * math.pi * 5.0 * t)).abs().max().item(), 4))

full = torch.fft.fft(x)
print(torch.allclose(torch.fft.ifft(full).real, x, atol=1e-5), full[n // 2])
print(torch.fft.fftshift(torch.fft.fftfreq(8, d=0.5)))
print(torch.fft.fft2(torch.eye(4)).real)
print(torch.fft.fftn(torch.arange(6.0).reshape(2, 3), norm="ortho"))

# learn a signal whose magnitude spectrum matches the target's
target_mag = torch.fft.rfft(signal).abs()
w = torch.zeros(n, requires_grad=True)
with torch.no_grad():
    w += torch.tensor(np.random.default_rng(1).normal(scale=0.1, size=n).astype(np.float32))
opt = torch.optim.Adam([w], lr=0.05)
for step in range(6):
    opt.zero_grad()
    loss = ((torch.fft.rfft(w).abs() - target_mag) ** 2).mean() + 1e-3 * torch.fft.irfft(torch.fft.rfft(w)).pow(2).sum()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4), round(w.grad.norm().item(), 4))
z = torch.complex(torch.tensor([3.0, 0.0]), torch.tensor([4.0, -1.0]))
print(z, z.abs(), z.angle(), z.real, z.imag, torch.view_as_real(z))
