# Logistic regression of heart disease (num > 0) on age, sex and cholesterol with glm, complete cases; the fitted
# coefficients as a table and the model (without its data) as an R object.
data <- na.omit(read.csv(file.path(Sys.getenv("FEDRA_DATA"), "variables.csv")))
fit <- glm(I(num > 0) ~ age + sex + chol, family = binomial, data = data, control = glm.control(epsilon = 1e-14, maxit = 100))
s <- summary(fit)$coefficients
out <- data.frame(term = rownames(s), estimate = sprintf("%.17g", s[, 1]), std_error = sprintf("%.17g", s[, 2]))
write.csv(out, file.path(Sys.getenv("FEDRA_OUTPUT"), "coefficients.csv"), row.names = FALSE, quote = FALSE)
saveRDS(list(coefficients = coef(fit), terms = names(coef(fit))), file.path(Sys.getenv("FEDRA_OUTPUT"), "model.rds"))
cat(sprintf("fitted on %d complete cases\n", nrow(data)))
