"""softmax normalises each column (dim=0) instead of each row.
expect: lost test_softmax_known_values, test_softmax_matches_definition, test_softmax_rows_sum_to_one_and_ignore_shifts, test_softmax_survives_huge_logits, test_softmax_temperature_known_values, test_softmax_temperature_matches_definition, test_softmax_temperature_limits, test_cross_entropy_gradient_known_values, test_cross_entropy_gradient_matches_autograd, test_cross_entropy_gradient_matches_finite_differences, test_train_softmax_lecture_data, test_train_softmax_follows_the_convention
expect-message: each column sums to 1 instead of each row
"""
def softmax(Z):
    shifted = Z - Z.max(dim=0, keepdim=True).values
    exponentials = torch.exp(shifted)
    return exponentials / exponentials.sum(dim=0, keepdim=True)
