"""Correct: ls_gradient computes in float32 (accepted in its own task); gradient descent built on it converges to
float32 precision, is judged at that precision and never blamed on ls_gradient.
expect: full
"""
def ls_gradient(X, y, theta):
    A = design_matrix(X.astype(np.float32))
    r = A @ theta.astype(np.float32) - y.astype(np.float32)
    return (np.float32(2.0) / np.float32(len(y))) * (A.T @ r)
