"""central_difference_gradient computes the forward difference (fun(x + h e_i) - fun(x)) / h.
expect: lost test_central_difference_on_a_quadratic, test_central_difference_matches_definition, test_central_difference_error_shrinks_like_h_squared
expect-message: forward difference
"""
def central_difference_gradient(fun, x, h=1e-6):
    base = fun(x)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        step = np.zeros(len(x))
        step[i] = h
        grad[i] = (fun(x + step) - base) / h
    return grad
