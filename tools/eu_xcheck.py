#!/usr/bin/env python3
# tools/eu_xcheck.py: an independent, deliberately naive Python transcription
# of the expected-utility model as docs/models.md states it, used to cross-check the C
# engine (src/lib/model/eu.c) on option combinations the reference run
# does not cover. Usage: python3 tools/eu_xcheck.py (see the bottom).
# Independent, naive transcription of the spec (no incremental tricks) for cross-checking.
import sys, math
def run(x, c, s, den='pair', comp='least', cap=True, persp='recv', rr='actors', q=1.0, rounds=100, exact=False, cycle=True, verbose=False):
    n=len(x); x=list(x); delta=max(x)-min(x)
    def wmedian(x):
        idx=sorted(range(n),key=lambda k:x[k]); tot=0.0
        for k in idx: tot+=c[k]*s[k]
        cum=0.0
        for k in idx:
            cum+=c[k]*s[k]
            if cum>=tot/2: return x[k]
    def wmean(x):
        a=b=0.0
        for k in range(n): w=c[k]*s[k]; a+=w*x[k]; b+=w
        return a/b
    def probs(x, r):
        u=[[(abs(x[k]-x[p])/delta)**r[k] for p in range(n)] for k in range(n)]
        D=0.0
        if den=='global':
            for k in range(n):
                for p in range(n):
                    for qq in range(n): D+=abs(c[k]*s[k]*(u[k][qq]-u[k][p]))
        P=[[0.0]*n for _ in range(n)]
        for a in range(n):
            for b in range(n):
                if x[a]==x[b]: continue
                num=sum(max(0.0,c[k]*s[k]*(u[k][b]-u[k][a])) for k in range(n))
                tot=sum(abs(c[k]*s[k]*(u[k][b]-u[k][a])) for k in range(n))
                if den=='global': P[a][b]=num/D if D>0 else 0.0
                else: P[a][b]=num/tot if tot>0 else 0.5
        return P
    def EU(x, mu, rp, a, b, P, withq):
        d=abs(x[a]-x[b])/delta
        Us=2-4*(0.5-0.5*d)**rp; Uf=2-4*(0.5+0.5*d)**rp; Usq=2-4*0.5**rp
        e=s[b]*(P[a][b]*Us+(1-P[a][b])*Uf)+(1-s[b])*Us-q*Usq
        if withq and q!=1.0:
            t=(abs(x[a]-mu)+abs(x[a]-x[b]))/delta
            Ub=2-4*(0.5-0.25*t)**rp; Uw=2-4*(0.5+0.25*t)**rp
            T=1 if abs(x[a]-mu)<abs(x[a]-x[b]) else 0
            e-=(1-q)*(T*Ub+(1-T)*Uw)
        return e
    def danger(x, i):
        P=probs(x,[1.0]*n)
        return sum(EU(x,None,1.0,j,i,P,False) for j in range(n) if j!=i)
    hist=[list(x)]; stats=[(wmean(x),wmedian(x))]
    stop=None; period=0
    rnd=0
    while True:
        rnd+=1
        mu=wmedian(x)
        Dv=[danger(x,i) for i in range(n)]
        if rr=='actors':
            mx=max(Dv); mn=min(Dv)
            R=[(2*Dv[i]-mx-mn)/(mx-mn) if mx>mn else 0.0 for i in range(n)]
        else:
            R=[]
            for i in range(n):
                vals=[Dv[i]]
                for m in range(n):
                    if x[m]==x[i]: continue
                    y=list(x); y[i]=x[m]; vals.append(danger(y,i))
                mx=max(vals); mn=min(vals)
                R.append((2*Dv[i]-mx-mn)/(mx-mn) if mx>mn else 0.0)
        r=[(1-R[i]/3)/(1+R[i]/3) for i in range(n)]
        P=probs(x,r)
        newx=list(x); offers=[]
        for i in range(n):
            cands={'conf':None,'comp':None,'cap':None}
            for j in range(n):
                if j==i or x[j]==x[i]: continue
                a=EU(x,mu,r[i],i,j,P,True)
                b=EU(x,mu,r[j],j,i,P,True) if persp=='both' else EU(x,mu,r[i],j,i,P,True)
                if a==0 or b==0 or a==b: continue
                if b>a>0: kind,to,key='conf',x[j],abs(x[j]-x[i])
                elif b>0>a and b>abs(a):
                    to=x[i]+(x[j]-x[i])*abs(a/b); kind='comp'
                    key=(abs(a)*x[i]+abs(b)*x[j])/(abs(a)+abs(b)) if comp=='key' else abs(to-x[i])
                elif b>0>a and b<abs(a) and cap: kind,to,key='cap',x[j],abs(x[j]-x[i])
                else: continue
                if cands[kind] is None or key<cands[kind][0]: cands[kind]=(key,j,a,b,to)
            for kind in ('conf','comp','cap'):
                if cands[kind]:
                    key,j,a,b,to=cands[kind]; newx[i]=to; offers.append((i,j,kind,a,b,to)); break
        moved = newx!=x
        x=newx; hist.append(list(x)); stats.append((wmean(x),wmedian(x)))
        if verbose: print(rnd, ['%.4f'%v for v in x], offers)
        if exact:
            if rnd>=rounds: stop='round_cap'; break
            continue
        if not moved: stop='converged'; break
        if cycle and x in hist[:-2]:
            t=hist[:-2].index(x); period=rnd-t; stop='cycle'
            m=sum(st[0] for st in stats[t:rnd])/period; md=sum(st[1] for st in stats[t:rnd])/period
            return stop,rnd,period,m,md,x
        if rnd>=rounds: stop='round_cap'; break
    return stop,rnd,period,stats[-1][0],stats[-1][1],x
if __name__=='__main__':
    X=[4,7,4,4,10,10,10,7,4,7]; C=[.08,.08,.03,.16,.16,.16,.16,.05,.05,.08]; S=[.8,.4,.2,.8,.6,.6,.9,.1,1.0,.7]
    kw={}
    for a in sys.argv[1:]:
        k,v=a.split('='); kw[k]={'True':True,'False':False}.get(v, float(v) if k=='q' else (int(v) if k=='rounds' else v))
    print(run(X,C,S,verbose=True,**kw))
