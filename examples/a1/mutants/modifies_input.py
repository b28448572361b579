"""f_numpy halves X in place to compute the second term (right values, but the caller's array changes).
expect: lost test_f_numpy_leaves_input_unchanged
expect-message: in place
"""
def f_numpy(X):
    first = np.sin(X[:, 0]) * np.cos(X[:, 1])
    X *= 0.5
    return first + np.sin(X[:, 0]) * np.cos(X[:, 1])
