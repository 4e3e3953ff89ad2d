# Cholesterol by sex from the node's consent-filtered data: a table of counts and means, and the sums a hub would add
# up by secure aggregation (n, sum, sum of squares).
import csv
import json
import os

rows = list(csv.DictReader(open(os.path.join(os.environ["FEDRA_DATA"], "variables.csv"))))
groups = {}
n = s = ss = 0.0
for r in rows:
    if r["chol"] == "" or r["sex"] == "":
        continue
    chol = float(r["chol"])
    g = groups.setdefault(r["sex"], [0, 0.0])
    g[0] += 1
    g[1] += chol
    n += 1
    s += chol
    ss += chol * chol

out = os.environ["FEDRA_OUTPUT"]
with open(os.path.join(out, "by_sex.csv"), "w") as f:
    f.write("sex,n,mean_chol\n")
    for sex in sorted(groups):
        count, total = groups[sex]
        f.write("%s,%d,%.6f\n" % (sex, count, total / count))
with open(os.path.join(out, "sums.json"), "w") as f:
    json.dump([n, s, ss], f)
print("summarised %d patients with a cholesterol value" % n)
