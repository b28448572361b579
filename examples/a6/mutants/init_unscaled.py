"""init_mlp draws standard-normal weights without scaling them to the layer's width.
expect: lost test_init_mlp_scale
expect-message: not scaled
"""
def init_mlp(widths, seed):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((a, b)), np.zeros(b)) for a, b in zip(widths[:-1], widths[1:])]
