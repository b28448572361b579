"""Does check_no_autograd tell the student's own names from torch's autograd?"""

import pytest

from autograder.checks import CheckFailure, check_no_autograd

OWN_NAMES = '''
def relu_backward(V, Z):
    return V * (Z > 0)

def vjp(V, W):
    return V @ W.T

def mlp_backward(dS, params, cache):
    backward = relu_backward
    V = dS
    for (W, b), (H, Z) in zip(reversed(params), reversed(cache)):
        V = backward(vjp(V, W), Z)
    return V
'''


def test_is_a_variable_or_helper_named_like_autograd_accepted():
    check_no_autograd(OWN_NAMES, "mlp_backward")


@pytest.mark.parametrize("body", [
    "loss = (x * x).sum()\n    loss.backward()\n    return x.grad",
    "return torch.autograd.grad(f(x), x)[0]",
    "return vjp(f, x)[1](v)",  # torch.func.vjp imported at module level is not the student's own
])
def test_is_autograd_still_found(body):
    code = f"from torch.func import vjp\n\ndef g(x, f=None, v=None):\n    {body}\n"
    with pytest.raises(CheckFailure, match="automatic differentiation"):
        check_no_autograd(code, "g")
