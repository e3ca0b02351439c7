# Schedules serialize to Keras's dict form and deserialize to the same schedule.
import keras

S = keras.optimizers.schedules
for schedule in [S.ExponentialDecay(0.1, 10, 0.9, staircase=True), S.PiecewiseConstantDecay([3], [0.1, 0.01]),
                 S.CosineDecay(0.1, 100, alpha=0.2, warmup_target=0.5, warmup_steps=10),
                 S.CosineDecayRestarts(0.1, 20), S.PolynomialDecay(0.1, 50), S.InverseTimeDecay(0.1, 5, 0.5)]:
    data = S.serialize(schedule)
    again = S.deserialize(data)
    print(data["class_name"], sorted(data["config"]), type(again).__name__, round(float(again(7)), 6))
opt = keras.optimizers.SGD(S.ExponentialDecay(0.1, 10, 0.9))
lr = opt.get_config()["learning_rate"]
print(lr["class_name"], lr["config"]["decay_steps"])
