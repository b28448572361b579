"""ls_closed_form keeps only the columns that add to the rank and gives the others weight 0: a minimiser of the loss,
but not the one of smallest norm the notebook asks for when features are collinear.
expect: lost test_ls_closed_form_on_collinear_features
expect-message: not the one of smallest norm
"""
def ls_closed_form(X, y):
    A = design_matrix(X)
    keep = []
    for j in range(A.shape[1]):
        if np.linalg.matrix_rank(A[:, keep + [j]]) == len(keep) + 1:
            keep.append(j)
    theta = np.zeros(A.shape[1])
    theta[keep] = np.linalg.lstsq(A[:, keep], y, rcond=None)[0]
    return theta
