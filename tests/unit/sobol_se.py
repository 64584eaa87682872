# Independent numpy transcription of the estimators to size test tolerances:
# standard deviation of each estimator over 200 replications at N.
import numpy as np
rng=np.random.default_rng(1)
def ish(x,a=7,b=0.1): return np.sin(x[:,0])+a*np.sin(x[:,1])**2+b*x[:,2]**4*np.sin(x[:,0])
def est(f,k,N,lo,hi):
    A=rng.uniform(lo,hi,(N,k));B=rng.uniform(lo,hi,(N,k))
    fa=f(A);fb=f(B);V=np.var(np.concatenate([fa,fb]))
    S=[];T=[]
    for i in range(k):
        AB=A.copy();AB[:,i]=B[:,i];fab=f(AB)
        S.append(np.mean((fb-np.mean(np.concatenate([fa,fb])))*(fab-fa))/V);T.append(np.mean((fa-fab)**2)/2/V)
    return S+T
for N in (8192,16384):
    r=np.array([est(ish,3,N,-np.pi,np.pi) for _ in range(200)])
    print("ishigami N",N,"sd",np.round(r.std(0),4),"mean",np.round(r.mean(0),4))
lin=lambda x: x@np.array([1.,2.,3.])
r=np.array([est(lin,3,4096,0,1) for _ in range(200)])
print("linear N 4096 sd",np.round(r.std(0),4),"mean",np.round(r.mean(0),4))
lin3=lambda x: x@np.array([0.4,0.4,0.2])
def est2(N):
    lo=np.array([20,0,60.]);hi=np.array([80,40,100.])
    A=rng.uniform(lo,hi,(N,3));B=rng.uniform(lo,hi,(N,3))
    f=lin3;fa=f(A);fb=f(B);V=np.var(np.concatenate([fa,fb]));S=[];T=[]
    for i in range(3):
        AB=A.copy();AB[:,i]=B[:,i];fab=f(AB)
        S.append(np.mean((fb-np.mean(np.concatenate([fa,fb])))*(fab-fa))/V);T.append(np.mean((fa-fab)**2)/2/V)
    return S+T
r=np.array([est2(4096) for _ in range(200)])
print("scenario N 4096 sd",np.round(r.std(0),4),"mean",np.round(r.mean(0),4))
