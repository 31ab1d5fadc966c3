# The image of one service module; docker-compose.yml names the module in the build argument MODULE.
# It packages the executable jar Maven built (mvn -DskipTests package), so the image holds exactly what was tested.

FROM eclipse-temurin:17-jre AS layers
ARG MODULE
RUN test -n "${MODULE}" || { echo "build argument MODULE is required: the service module to package" >&2; exit 1; }
WORKDIR /build
COPY ${MODULE}/target/*-exec.jar ./
RUN set -eu; \
    set -- ./*-exec.jar; \
    if [ "$#" -ne 1 ]; then echo "expected one executable jar in ${MODULE}/target, found: $*" >&2; exit 1; fi; \
    java -Djarmode=tools -jar "$1" extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
# Least often changed first, so that a code change rebuilds only the last layer.
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/spring-boot-loader/ ./
COPY --from=layers /layers/snapshot-dependencies/ ./
COPY --from=layers /layers/application/ ./
USER app
# The heap follows the container's memory limit and leaves room for metaspace, threads and buffers.
# Health checks are in docker-compose.yml, which knows each service's port; the base image ships curl for them.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
