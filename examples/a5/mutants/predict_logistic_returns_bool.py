"""predict_logistic returns the comparison itself, a bool tensor, where the notebook asks for int64 classes.
expect: lost test_predict_logistic_matches_definition
expect-message: int64
"""
def predict_logistic(X, w, b):
    return X @ w + b > 0
