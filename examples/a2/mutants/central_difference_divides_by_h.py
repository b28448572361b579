"""central_difference_gradient divides by h although the two points are 2h apart.
expect: lost test_central_difference_on_a_quadratic, test_central_difference_matches_definition, test_central_difference_error_shrinks_like_h_squared
expect-message: divide their difference by 2h
"""
def central_difference_gradient(fun, x, h=1e-6):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        step = np.zeros(len(x))
        step[i] = h
        grad[i] = (fun(x + step) - fun(x - step)) / h
    return grad
