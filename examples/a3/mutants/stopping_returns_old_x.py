"""descend_until_converged stops at the right time but returns the point before the last step: no constant factor explains that.
expect: lost test_descend_until_converged_critical_point, test_descend_until_converged_matches_reference
expect-message: returned x
expect-no-message: constant factor
"""
def descend_until_converged(derivative, x0, lr, eps, max_epochs):
    x = float(x0)
    for epoch in range(1, max_epochs + 1):
        x_new = x - lr * derivative(x)
        if abs(derivative(x_new)) < eps:
            return x, "converged on critical point", epoch
        if abs(x - x_new) < eps:
            return x_new, "converged on x value", epoch
        x = x_new
    return x, "epoch limit reached", max_epochs
