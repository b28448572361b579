"""ls_closed_form solves XᵀX w = Xᵀy without the column of ones and appends b = 0.
expect: lost test_ls_closed_form_lecture_data, test_ls_closed_form_matches_lstsq, test_ls_closed_form_on_collinear_features, test_noise_variance_known_values, test_noise_variance_matches_definition
expect-message: the solution without the bias
"""
def ls_closed_form(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return np.append(w, 0.0)
