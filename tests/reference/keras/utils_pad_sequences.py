# keras.utils.pad_sequences: padding and truncating before or after, dtype, value, nested elements.
import numpy as np
from keras.utils import pad_sequences

seqs = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]
for kwargs in [{}, {"maxlen": 3}, {"maxlen": 3, "padding": "post"}, {"maxlen": 3, "truncating": "post"},
               {"maxlen": 6, "padding": "post", "truncating": "post"}, {"value": -1.5, "dtype": "float32"}]:
    y = pad_sequences(seqs, **kwargs)
    print(kwargs, y.dtype, list(y.shape), y.tolist())
y = pad_sequences([np.ones((2, 3)), np.full((4, 3), 2.0)], maxlen=3, dtype="float32")
print(y.dtype, list(y.shape), y.tolist())
print(pad_sequences([["a", "b"], ["c"]], dtype=object, value="<pad>").tolist())
for bad in [{"padding": "middle"}, {"truncating": "both"}]:
    try:
        pad_sequences([[1, 2, 3, 4]], maxlen=2, **bad)
        print("accepted", bad)
    except ValueError:
        print("refused", bad)
