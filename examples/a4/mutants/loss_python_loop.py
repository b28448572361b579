"""ls_loss is right but adds up the squared errors one point at a time in a Python loop.
expect: lost test_ls_loss_is_vectorized
expect-message: grows with the batch
"""
def ls_loss(X, y, theta):
    total = 0.0
    for x_i, y_i in zip(X, y):
        total += (x_i @ theta[:-1] + theta[-1] - y_i) ** 2
    return total / len(y)
