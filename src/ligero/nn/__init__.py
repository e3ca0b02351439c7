"""PyTorch-style building blocks: Module, Parameter, Linear (and the Keras layers, which are Modules)."""

from ligero.nn.linear import Linear
from ligero.nn.module import Module
from ligero.nn.parameter import Parameter
