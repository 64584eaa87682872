#!/usr/bin/env python3
# Independent oracle for tests/unit/test_smp.c: one SMP turn written
# directly from the model as docs/models.md ("smp") states it in plain Python (no code
# shared with src/lib/smp/smp.c), used to work out the hand-computed small
# cases whose values test_smp.c asserts. Run: python3 smp_oracle.py
import math

VOTE = ["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"]


def vote(rule, w, ua, ub):
    d = ua - ub
    b = max(-1.0, min(1.0, d / 1e-8))
    return {"Binary": w * b, "PropBin": w * (0.8 * d + 0.2 * b),
            "Prop": w * d, "PropCbc": w * (0.5 * d + 0.5 * d ** 3),
            "Cubic": w * d ** 3,
            "ASymProsp": w * d if d < 0 else 2.0 / 3.0 * w * d}[rule]


def vict(vpm, a, b):
    if vpm == "Binary":
        if a >= 1.1 * b:
            return 1.0
        if b >= 1.1 * a:
            return 0.0
        r0, r1 = 1 / 2.1, 1.1 / 2.1
        return (a / (a + b) - r0) / (r1 - r0)
    e = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[vpm]
    return a ** e / (a ** e + b ** e)


def pce(o, w, u):
    # u[k][i]: voter k's utility for option i
    m = len(u[0])
    C = [[1e-8 + sum(max(0.0, vote(o["vote"], w[k], u[k][i], u[k][j]))
                     for k in range(len(w))) for j in range(m)]
         for i in range(m)]
    V = [[0.5 if i == j else vict(o["vpm"], C[i][j], C[j][i])
          for j in range(m)] for i in range(m)]
    if o["pce"] == "Conditional":
        p = [math.prod(V[i]) for i in range(m)]
        s = sum(p)
        return [x / s for x in p]
    p = [1.0 / m] * m
    if o["pce"] == "MarkovIncentive":
        N = [[C[i][j] * V[i][j] + (1e-10 if i == j else 0) for j in range(m)]
             for i in range(m)]
        P = [[N[i][j] / sum(N[k][j] for k in range(m)) for j in range(m)]
             for i in range(m)]
    for _ in range(100000):
        if o["pce"] == "MarkovUniform":
            q = [sum(V[i][j] * (p[i] + p[j]) for j in range(m)) / m
                 for i in range(m)]
            lim = 1e-6
        else:
            ct = [[p[i] * P[j][i] for j in range(m)] for i in range(m)]
            q = [sum(V[i][j] * (ct[i][j] + ct[j][i]) for j in range(m))
                 for i in range(m)]
            lim = 1e-8
        ch = max(abs(a - b) for a, b in zip(p, q))
        p = [(a + b) / 2 for a, b in zip(p, q)]
        s = sum(p)
        p = [x / s for x in p]
        if ch < lim:
            break
    return p


def u_of(D, R):
    return (1 - D) * (1 + D * R)


def dist(s, y, x):
    return math.sqrt(sum((sk * (a - b)) ** 2 for sk, a, b in zip(s, y, x)) /
                     sum(sk * sk for sk in s))


def assess(o, c, x, s, y):
    n = len(c)
    D = [[dist(s[i], y[i], x[j]) for j in range(n)] for i in range(n)]
    p = pce(o, c, [[1 - D[k][i] for i in range(n)] for k in range(n)])
    lo, hi = min(p), max(p)
    R = []
    for pi in p:
        R.append({"Min": (pi - lo) / (hi - lo),
                  "Mid": (3 * pi - (hi + 2 * lo)) / (2 * (hi - lo)),
                  "Max": (2 * pi - hi - lo) / (hi - lo)}[o["rrange"]])
    a = {"None": 0, "OneThird": 1 / 3, "Half": 0.5, "TwoThirds": 2 / 3,
         "Full": 1}[o["radjust"]]

    def aU(h, i, j):
        r = R[i] if h == i else (1 - a) * R[h] + a * R[i]
        return u_of(D[i][j], r)
    return D, R, aU


def winprobs(o, c, x, s, y):
    n = len(c)
    D, R, aU = assess(o, c, x, s, y)
    reps, uq = [], []
    for i in range(n):
        for k, r in enumerate(reps):
            if math.dist(x[i], x[r]) < o["tol"]:
                uq.append(k)
                break
        else:
            uq.append(len(reps))
            reps.append(i)
    p = pce(o, c, [[aU(i, i, r) for r in reps] for i in range(n)])
    return [p[uq[i]] for i in range(n)]


def chlg(o, c, s, aU, h, i, j):
    n = len(c)
    S = [sum(v) for v in s]
    ai = vote(o["vote"], S[i] * c[i], aU(h, i, i), aU(h, i, j))
    aj = vote(o["vote"], S[j] * c[j], aU(h, j, i), aU(h, j, j))
    cp0 = 1e-10 + max(ai, 0) + max(aj, 0)
    cm0 = 1e-10 + max(-ai, 0) + max(-aj, 0)
    cp, cm = cp0, cm0
    for m in range(n):
        if m in (i, j):
            continue
        umi, umj, umm = aU(h, m, i), aU(h, m, j), aU(h, m, m)
        am = vote(o["vote"], S[m] * c[m], umi, umj)
        pim = (cp0 + max(am, 0)) / (cp0 + max(am, 0) + cm0 + max(-am, 0))
        if o["commit"] == "SemiCommit":
            a, b, cc, d = 2 * umi + umm, 3 * umj, 3 * umi, 2 * umj + umm
        elif o["commit"] == "FullCommit":
            a, b, cc, d = 3 * umi, 3 * umj, 3 * umi, 3 * umj
        else:
            a, b, cc, d = 2 * umi + umm, 2 * umj + umm, 2 * umi + umm, \
                2 * umj + umm
        vm = vote(o["vote"], S[m] * c[m], pim * a + (1 - pim) * b,
                  pim * cc + (1 - pim) * d)
        cp += max(vm, 0)
        cm += max(-vm, 0)
    P = cp / (cp + cm)
    uii, uij = aU(h, i, i), aU(h, i, j)
    contest = P * 2 * uii + (1 - P) * 2 * uij
    return (1 - S[j]) * 2 * uii + S[j] * contest - (uii + uij), P


def turn(o, c, x, s, y=None, draws=None):
    n, d = len(c), len(x[0])
    y = y or x
    D, R, aU = assess(o, c, x, s, y)
    brg = {}
    for i in range(n):
        best, tj, tp = 1e-5, None, None
        for j in range(n):
            if j == i:
                continue
            g, P = chlg(o, c, s, aU, i, i, j)
            if g > best:
                best, tj, tp = g, j, P
        if tj is None:
            continue
        if o["bargain"] == "InitRcvrInterp":
            tp = (tp + chlg(o, c, s, aU, tj, i, tj)[1]) / 2
        bi, bj = [], []
        for k in range(d):
            if o["interp"] == "S2P2":
                wi = s[i][k] ** 2 * tp ** 2
                wj = s[tj][k] ** 2 * (1 - tp) ** 2
            else:
                wi, wj = s[i][k] * tp, s[tj][k] * (1 - tp)
            den = wi + 1e-6 + wj
            bi.append(round(((wi + 1e-6) * x[i][k] + wj * x[tj][k]) / den, 4))
            bj.append(round((wi * x[i][k] + (wj + 1e-6) * x[tj][k]) / den, 4))
        brg[i] = (tj, bi, bj)
    queue = [[None] for _ in range(n)]
    for i in range(n):
        if i in brg:
            queue[i].append(i)
            queue[brg[i][0]].append(i)

    def su(a, b):
        own = [aU(a, a, l) for l in range(n)]
        if b is None:
            return sum(own) / n
        j, bi, bj = brg[b]
        rest = sum(own[l] for l in range(n) if l not in (b, j))
        return (u_of(dist(s[a], y[a], bi), R[a]) +
                u_of(dist(s[a], y[a], bj), R[a]) + rest) / n
    new = []
    for k in range(n):
        q = queue[k]
        p = pce(o, c, [[su(a, b) for b in q] for a in range(n)])
        if draws is None:
            pick = max(range(len(q)), key=lambda t: (p[t], -t))
        else:
            pick = draws(p)
        b = q[pick]
        new.append(list(x[k]) if b is None else
                   (brg[b][1] if b == k else brg[b][2]))
    return new, brg


DEF = dict(vote="Prop", vpm="Linear", pce="Conditional", rrange="Mid",
           radjust="OneThird", commit="SemiCommit", interp="S2P2",
           bargain="InitOnlyInterp", tol=1e-3)

if __name__ == "__main__":
    # Case A: 3 actors, 1 dimension (test_smp.c, "case A").
    cA, xA, sA = [1.0, 2.0, 1.5], [[0.2], [0.5], [0.9]], [[1.0]] * 3
    # Case B: 3 actors, 2 dimensions.
    cB = [3.0, 2.0, 2.0]
    xB = [[0.2, 0.8], [0.6, 0.3], [0.9, 0.6]]
    sB = [[0.5, 0.3], [0.2, 0.6], [0.4, 0.4]]
    for name, (c, x, s) in {"A": (cA, xA, sA), "B": (cB, xB, sB)}.items():
        print("case", name)
        variants = [("default", {})] + [
            ("vote=" + v, {"vote": v}) for v in VOTE if v != "Prop"] + [
            ("vpm=" + v, {"vpm": v}) for v in
            ["Square", "Quartic", "Octic", "Binary"]] + [
            ("pce=" + v, {"pce": v}) for v in
            ["MarkovUniform", "MarkovIncentive"]] + [
            ("rrange=" + v, {"rrange": v}) for v in ["Min", "Max"]] + [
            ("radjust=" + v, {"radjust": v}) for v in
            ["None", "Half", "TwoThirds", "Full"]] + [
            ("commit=" + v, {"commit": v}) for v in
            ["NoCommit", "FullCommit"]] + [
            ("interp=S1P1", {"interp": "S1P1"}),
            ("bargain=InitRcvrInterp", {"bargain": "InitRcvrInterp"})]
        for label, ch in variants:
            o = dict(DEF, **ch)
            wp = winprobs(o, c, x, s, x)
            new, brg = turn(o, c, x, s)
            print(" %-24s p0=%s" % (label, ["%.6f" % v for v in wp]))
            print(" %-24s x1=%s brg=%s" % (
                "", [["%.4f" % v for v in r] for r in new],
                {i: (b[0], b[1], b[2]) for i, b in brg.items()}))
