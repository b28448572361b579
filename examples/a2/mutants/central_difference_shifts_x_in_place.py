"""central_difference_gradient shifts x in place and shifts it back, which leaves rounding changes in the caller's array.
expect: lost test_central_difference_leaves_x_unchanged
expect-message: in place
"""
def central_difference_gradient(fun, x, h=1e-6):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x[i] += h
        plus = fun(x)
        x[i] -= 2 * h
        minus = fun(x)
        x[i] += h
        grad[i] = (plus - minus) / (2 * h)
    return grad
