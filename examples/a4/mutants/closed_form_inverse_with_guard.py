"""ls_closed_form checks for collinear features first (lstsq then) but inverts AᵀA otherwise, which the notebook
forbids.
expect: lost test_ls_closed_form_never_inverts
expect-message: forms an inverse matrix
"""
def ls_closed_form(X, y):
    A = design_matrix(X)
    if has_collinear_features(X):
        return np.linalg.lstsq(A, y, rcond=None)[0]
    return np.linalg.inv(A.T @ A) @ (A.T @ y)
