# Independent Python transcription of the allocation algorithm v1 (crates/experiment/src/randomise.rs),
# written from its documentation. `python3 loting_referentie.py` prints the assignments that
# tests/loting.rs::the_allocation_is_fixed_forever_for_a_recorded_seed expects.
M=2**64
class Rng:
    def __init__(s,seed): s.s=seed%M
    @staticmethod
    def stream(seed,stream):
        r=Rng(seed ^ ((stream*0xA0761D6478BD642F)%M)); r.next(); return r
    def next(s):
        s.s=(s.s+0x9E3779B97F4A7C15)%M; z=s.s
        z=((z^(z>>30))*0xBF58476D1CE4E5B9)%M
        z=((z^(z>>27))*0x94D049BB133111EB)%M
        return z^(z>>31)
    def below(s,n):
        t=((M-n)%M)%n
        while True:
            w=s.next()*n
            if w%M>=t: return w>>64
    def shuffle(s,v):
        i=len(v)
        while i>1:
            j=s.below(i); i-=1; v[i],v[j]=v[j],v[i]
def fnv(t):
    h=0xcbf29ce484222325
    for b in t.encode(): h^=b; h=(h*0x100000001b3)%M
    return h
HT=["alleenstaande","alleenstaande_ouder","paar","paar_met_kinderen"]
def profile(i,seed):
    r=Rng.stream(seed,i); ht=HT[r.below(4)]; age=27+r.below(40); rung=1+r.below(6); return ht,rung
def key(ht,rung):
    b={1:"1-2",2:"1-2",3:"3-4",4:"3-4",5:"5-6",6:"5-6"}[rung]; return f"{ht}|trede_{b}"
arms=["vrijstelling","begeleiding","bijverdienen","controle"]; weights=[1,1,1,1]; mult=[1,2]
people=[(i,key(*profile(i,7))) for i in range(1,13)]
strata={}
for i,k in people: strata.setdefault(k,[]).append(i)
out={}
for k,ids in strata.items():
    r=Rng.stream(20170401,fnv(k)); block=[]; place=0
    for i in sorted(ids):
        if place==len(block):
            m=mult[r.below(len(mult))]; block=[a for a,w in enumerate(weights) for _ in range(m*w)]; r.shuffle(block); place=0
        out[i]=arms[block[place]]; place+=1
print([f"{i}:{out[i]}" for i in sorted(out)])
