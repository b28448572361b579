"""ls_closed_form inverts AᵀA explicitly and does not handle collinear features, where the inverse does not exist.
expect: lost test_ls_closed_form_on_collinear_features, test_ls_closed_form_never_inverts
expect-message: np.linalg.inv and np.linalg.solve cannot handle it
"""
def ls_closed_form(X, y):
    A = design_matrix(X)
    return np.linalg.inv(A.T @ A) @ A.T @ y
