"""The PyTorch face's image tools, as torchvision's: ``ImageFolder`` and ``transforms``.

    from ligero.vision import datasets, transforms
    data = datasets.ImageFolder("photos", transform=transforms.Compose([
        transforms.Resize((64, 64)), transforms.ToTensor(),
        transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]))
    loader = DataLoader(data, batch_size=32, shuffle=True)
"""

from ligero.vision import datasets, transforms

__all__ = ["datasets", "transforms"]
