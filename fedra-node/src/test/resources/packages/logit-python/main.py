# Logistic regression of heart disease (num > 0) on age, sex and cholesterol with statsmodels, complete cases.
import os

import pandas as pd
import statsmodels.api as sm

data = pd.read_csv(os.path.join(os.environ["FEDRA_DATA"], "variables.csv")).dropna()
y = (data["num"] > 0).astype(float)
x = sm.add_constant(data[["age", "sex", "chol"]], has_constant="add")
fit = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
with open(os.path.join(os.environ["FEDRA_OUTPUT"], "coefficients.csv"), "w") as f:
    f.write("term,estimate,std_error\n")
    for term, name in zip(["(Intercept)", "age", "sex", "chol"], x.columns):
        f.write("%s,%.17g,%.17g\n" % (term, fit.params[name], fit.bse[name]))
print("fitted on %d complete cases" % len(data))
