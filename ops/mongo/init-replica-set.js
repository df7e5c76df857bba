// Run once by docker-compose.yml's mongo-init service (mongosh, connected to mongo1). Initiates the replica set rs0
// with the three members unless it already is initiated, then waits until one member is primary. Safe to run again:
// on a restart it finds the set initiated and only waits for the primary.
const members = [
  { _id: 0, host: "mongo1:27017" },
  { _id: 1, host: "mongo2:27017" },
  { _id: 2, host: "mongo3:27017" },
];

let initiated = true;
try {
  rs.status();
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  initiated = false;
}
if (initiated) {
  print("replica set rs0 is already initiated");
} else {
  rs.initiate({ _id: "rs0", members: members });
  print("replica set rs0 initiated with " + members.map((m) => m.host).join(", "));
}

for (let attempt = 1; ; attempt++) {
  const primary = rs.status().members.find((m) => m.stateStr === "PRIMARY");
  if (primary) {
    print("primary: " + primary.name);
    break;
  }
  if (attempt === 60) {
    throw new Error("no primary after 60 s");
  }
  sleep(1000);
}
