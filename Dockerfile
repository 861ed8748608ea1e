# One image per Ledgerline service, built from this repository (docker-compose.kafka.yml passes SERVICE):
#   docker build --build-arg SERVICE=api-gateway -t ledgerline/api-gateway .
# SERVICE is one of api-gateway, ledger-processor, projection-service (the Maven module name).
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "$SERVICE" && ./mvnw -B -q -DskipTests -pl "$SERVICE" -am package \
 && cp "$SERVICE/target/$SERVICE-0.1.0-SNAPSHOT-exec.jar" /service.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /service.jar /app/service.jar
# Logs are structured JSON on stdout (collect them with your log shipper).
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
