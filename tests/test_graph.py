"""The Graph object behind functional models: order, shared layers, shapes, the saved node format."""

import numpy as np
import pytest

import ligero as lg
from ligero import layers
from ligero.errors import ShapeError
from ligero.models.graph import Graph


def _shared_two_inputs():
    a, b = lg.Input(3, name="g_a"), lg.Input(3, name="g_b")
    shared = layers.Dense(2, name="g_shared")
    left, right = shared(a), shared(b)
    joined = layers.Concatenate(name="g_join")([left, right])
    return a, b, shared, left, right, joined


def test_nodes_come_parents_first_and_a_shared_layer_is_listed_once():
    a, b, shared, left, right, joined = _shared_two_inputs()
    graph = Graph([a, b], joined)
    assert graph.inputs == [a, b] and graph.outputs == [joined] and not graph.many_outputs
    assert graph.nodes == [left, right, joined]
    assert graph.layers == [shared, joined.layer]
    assert graph.input_shape == [(None, 3), (None, 3)] and graph.output_shape == (None, 4)


def test_outputs_given_as_a_list_give_list_shapes_and_list_results():
    x = lg.Input(2, name="g_x")
    y = layers.Dense(1, name="g_y")(x)
    graph = Graph([x], [y])
    assert graph.many_outputs and graph.input_shape == (None, 2) and graph.output_shape == [(None, 1)]
    out = graph.run(np.ones((4, 2), dtype=np.float32), "m")
    assert isinstance(out, list) and out[0].shape == (4, 1)
    with pytest.raises(ShapeError, match="model 'm' takes 1 input"):
        graph.run([np.ones((4, 2)), np.ones((4, 2))], "m")


class _FirstOfList(layers.Layer):
    """Takes a list of inputs and returns the first: on a bare Tensor it would return its first row."""

    def call(self, x):
        assert isinstance(x, list), "called on a bare tensor"
        return x[0]


def test_a_layer_called_on_a_list_of_one_is_called_on_a_list_again():
    x = lg.Input(2, name="g_one")
    first = _FirstOfList(name="g_first")([x])
    assert first.multi_input and not x.multi_input
    graph = Graph(x, first)
    assert graph.get_config()["nodes"][1]["multi_input"] is True
    assert graph.run(np.ones((3, 2), dtype=np.float32), "m").shape == (3, 2)


def test_the_saved_node_format_is_kept():
    a, b, shared, left, right, joined = _shared_two_inputs()
    config = Graph([a, b], joined).get_config()
    assert list(config) == ["nodes", "inputs", "outputs", "many_outputs", "layer_order"]
    assert [(n["class"], n["inputs"], n["multi_input"]) for n in config["nodes"]] == [
        ("InputLayer", [], False), ("InputLayer", [], False),
        ("Dense", [0], False), ("Dense", [1], False), ("Concatenate", [2, 3], True),
    ]
    assert config["nodes"][0]["config"] == {"name": "g_a", "shape": [3], "dtype": "float32"}
    assert (config["inputs"], config["outputs"], config["many_outputs"]) == ([0, 1], [4], False)
    assert config["layer_order"] == [0, 1, 2, 2, 4]  # both Dense nodes use the layer first met at node 2


def test_from_config_rebuilds_shared_layers_as_one_new_layer():
    a, b, shared, left, right, joined = _shared_two_inputs()
    rebuilt = Graph.from_config(Graph([a, b], joined).get_config())
    assert [type(layer).__name__ for layer in rebuilt.layers] == ["Dense", "Concatenate"]
    assert rebuilt.layers[0] is not shared
    assert rebuilt.nodes[0].layer is rebuilt.nodes[1].layer
    assert rebuilt.get_config()["layer_order"] == [0, 1, 2, 2, 4]
