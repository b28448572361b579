"""linear_backward does its products in torch and converts back to NumPy, so mlp_backward runs torch code: the
notebook asks for NumPy arrays and nothing else.
expect: lost test_mlp_backward_uses_no_autograd, test_train_mlp_uses_no_autograd
expect-message: must use NumPy operations only
"""
def linear_backward(V, X, W):
    V, X, W = (torch.from_numpy(np.ascontiguousarray(a)) for a in (V, X, W))
    return (V @ W.T).numpy(), (X.T @ V).numpy(), V.sum(dim=0).numpy()
