/** Container checks from {@code docker inspect} output and docker-compose files. */
package dev.corral.audit.container;
