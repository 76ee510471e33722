#!/usr/bin/env python3
# The optional-stopping bias of --reps-max (docs/replay-2002.md): the
# coverage of the order-statistics median interval (src/lib/stats.c's
# ranks) when share values, drawn independently around a true median of
# 0 with a spread sd, are checked after each repetition from 40 to 120
# and the run stops at the first interval within +-20 points of its
# median; beside the coverage at a fixed 40.  2,000 runs per line,
# seeded: python3 scripts/optional-stop.py
import random, math, sys
def ranks(n):
    # largest j with P(j <= B < n+1-j) >= .95, B~Bin(n,1/2)
    pmf=[math.comb(n,k)/2**n for k in range(n+1)]
    best=None
    for j in range(1,n//2+1):
        k=n+1-j
        cov=sum(pmf[j:k])
        if cov>=0.95: best=(j,k)
    return best
R={n:ranks(n) for n in range(6,121)}
def ci(v):
    s=sorted(v); n=len(s); j,k=R[n]
    return s[j-1], s[k-1], (s[(n-1)//2]+s[n//2])/2
def run(sd, H, trials, dist):
    hit=stop=cov=0; ns=[]
    for t in range(trials):
        v=[dist(sd) for _ in range(40)]
        while True:
            lo,hi,m=ci(v)
            if m-lo<=H and hi-m<=H:
                stop+=1; cov+= lo<=0<=hi; ns.append(len(v)); break
            if len(v)>=120:
                cov+= lo<=0<=hi; ns.append(len(v)); break
            v.append(dist(sd))
    return stop/trials, cov/trials, sum(ns)/len(ns)
random.seed(1)
norm=lambda sd: random.gauss(0,sd)
lap=lambda sd: random.choice((-1,1))*random.expovariate(1/sd)
for name,d in (("normal",norm),("laplace",lap)):
  for sd in (30,45,60,80):
    st,cv,n=run(sd,20,2000,d)
    # fixed n=40 coverage
    c40=sum((lambda c: c[0]<=0<=c[1])(ci([d(sd) for _ in range(40)])) for _ in range(2000))/2000
    print(f"{name} sd {sd}: stopped {st:.2f}, coverage with the stop {cv:.3f}, mean n {n:.0f}; fixed n 40 coverage {c40:.3f}")
