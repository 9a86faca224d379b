import cProfile, pstats, sys, time
sys.argv=[sys.argv[0]]
import lis_profile as lp
lp.build()
from django.test import Client
c=Client()
url="/ealing/lis/areas/E09000009/"
for _ in range(3): c.get(url)
t=time.perf_counter()
for _ in range(5): c.get(url)
print("ms", (time.perf_counter()-t)/5*1000)
pr=cProfile.Profile(); pr.enable()
for _ in range(5): c.get(url)
pr.disable(); pstats.Stats(pr).sort_stats("tottime").print_stats(30)
pstats.Stats(pr).sort_stats("cumulative").print_stats(60)
