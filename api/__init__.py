"""The FastAPI app: routers per area, dependencies, schemas."""
