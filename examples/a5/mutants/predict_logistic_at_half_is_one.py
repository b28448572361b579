"""predict_logistic predicts class 1 where σ(z) ≥ 1/2, so a point exactly on the boundary (z = 0) gets class 1.
expect: lost test_predict_logistic_matches_definition
expect-message: at exactly σ = 1/2
"""
def predict_logistic(X, w, b):
    return (sigmoid(X @ w + b) >= 0.5).long()
