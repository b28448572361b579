"""mlp_backward rebuilds the network in torch and lets autograd compute the gradients.
expect: lost test_mlp_backward_uses_no_autograd, test_train_mlp_uses_no_autograd
expect-message: automatic differentiation
"""
def mlp_backward(dS, params, cache, activation="relu"):
    phi = torch.relu if activation == "relu" else torch.sigmoid
    leaves = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in params]
    H = torch.tensor(cache[0][0])
    for layer, (W, b) in enumerate(leaves):
        H = H @ W + b
        if layer < len(leaves) - 1:
            H = phi(H)
    H.backward(torch.tensor(dS))
    return [(W.grad.numpy(), b.grad.numpy()) for W, b in leaves]
