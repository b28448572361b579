"""init_mlp starts every weight at the same constant 0.1, so the hidden units never become different.
expect: lost test_init_mlp_shapes, test_init_mlp_scale, test_init_mlp_breaks_symmetry, test_train_mlp_solves_xor, test_train_mlp_solves_xor_from_other_seeds, test_train_mlp_learns_rings
expect-message: identical weights
"""
def init_mlp(widths, seed):
    return [(np.full((a, b), 0.1), np.zeros(b)) for a, b in zip(widths[:-1], widths[1:])]
