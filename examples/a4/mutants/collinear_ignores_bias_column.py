"""has_collinear_features checks the rank of X alone, missing that a constant feature duplicates the bias.
expect: lost test_has_collinear_features_known_cases, test_has_collinear_features_drawn_cases, test_ls_closed_form_on_collinear_features
expect-message: the bias's column of ones counts
"""
def has_collinear_features(X):
    return bool(np.linalg.matrix_rank(X) < X.shape[1] or len(X) < X.shape[1] + 1)
