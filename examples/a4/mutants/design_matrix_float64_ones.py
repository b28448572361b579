"""design_matrix appends float64 ones, so a float32 X comes back as float64 (the notebook asks for the dtype of X).
expect: lost test_design_matrix_keeps_the_dtype
expect-message: returned dtype float64, expected float32
"""
def design_matrix(X):
    return np.hstack([X, np.ones((X.shape[0], 1))])
