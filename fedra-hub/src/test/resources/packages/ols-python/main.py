# Linear regression of cholesterol on age and sex (complete cases) with numpy, pandas and statsmodels: the sufficient
# statistics [n, X'X (3x3, row by row), X'y, y'y] for a secure sum (exactly decomposable: the federation's sum is the
# pooled data's), this node's own statsmodels fit (not decomposable), and patients by sex.
import json
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv(os.path.join(os.environ["FEDRA_DATA"], "variables.csv")).dropna()
X = np.column_stack([np.ones(len(d)), d["age"].to_numpy(float), d["sex"].to_numpy(float)])
y = d["chol"].to_numpy(float)
stats = [float(len(d))] + [float(v) for v in (X.T @ X).ravel()] + [float(v) for v in X.T @ y] + [float(y @ y)]
out = os.environ["FEDRA_OUTPUT"]
with open(os.path.join(out, "suffstats.json"), "w") as f:
    json.dump(stats, f)
fit = sm.OLS(y, X).fit()
with open(os.path.join(out, "coefficients.csv"), "w") as f:
    f.write("term,estimate,std_error\n")
    for term, b, se in zip(["const", "age", "sex"], fit.params, fit.bse):
        f.write("%s,%.17g,%.17g\n" % (term, b, se))
counts = d.groupby("sex").size()
with open(os.path.join(out, "by_sex.csv"), "w") as f:
    f.write("sex,n\n")
    for sex, n in counts.items():
        f.write("%d,%d\n" % (sex, n))
print("%d complete cases" % len(d))
