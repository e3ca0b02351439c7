# The values of every learning-rate schedule over its first steps.
import keras

S = keras.optimizers.schedules
schedules = {
    "exponential": S.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5),
    "exponential_staircase": S.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5, staircase=True),
    "piecewise": S.PiecewiseConstantDecay(boundaries=[2, 5], values=[0.1, 0.05, 0.01]),
    "polynomial": S.PolynomialDecay(0.1, decay_steps=6, end_learning_rate=0.01, power=2.0),
    "polynomial_cycle": S.PolynomialDecay(0.1, decay_steps=4, end_learning_rate=0.01, cycle=True),
    "inverse_time": S.InverseTimeDecay(0.1, decay_steps=2, decay_rate=0.5),
    "inverse_time_staircase": S.InverseTimeDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True),
    "cosine": S.CosineDecay(0.1, decay_steps=8, alpha=0.1),
    "cosine_warmup": S.CosineDecay(0.01, decay_steps=6, warmup_target=0.1, warmup_steps=4),
    "restarts": S.CosineDecayRestarts(0.1, first_decay_steps=3, t_mul=2.0, m_mul=0.5, alpha=0.05),
    "restarts_constant_period": S.CosineDecayRestarts(0.1, first_decay_steps=4, t_mul=1.0),
}
for name, schedule in schedules.items():
    print(name, [round(float(schedule(step)), 6) for step in range(13)])
