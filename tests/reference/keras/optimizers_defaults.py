# Each optimizer's defaults, as its config reports them.
import keras

O = keras.optimizers
for opt in [O.SGD(), O.RMSprop(), O.Adam(), O.AdamW(), O.Adagrad(), O.Adadelta(), O.Adamax(), O.Nadam(), O.Lion()]:
    config = opt.get_config()
    own = {k: config[k] for k in sorted(config) if k not in ("name", "ema_momentum", "use_ema", "clipnorm", "clipvalue",
                                                               "global_clipnorm", "ema_overwrite_frequency",
                                                               "loss_scale_factor", "gradient_accumulation_steps")}
    print(type(opt).__name__, own)
